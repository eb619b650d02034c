/**
 * MLflow 3.18.0 (November 2026). The `-full` image variant carries `mlflow[extras]` plus the
 * PostgreSQL driver and boto3; the plain image has neither (mlflow/mlflow#9513, #20926), so the
 * plain one cannot use the platform's PostgreSQL or S3.
 * @see https://github.com/mlflow/mlflow/pkgs/container/mlflow
 */
export const MLFLOW_VERSION = '3.18.0';
export const MLFLOW_IMAGE = `ghcr.io/mlflow/mlflow:v${MLFLOW_VERSION}-full`;
/** The tracking server's port. */
export const MLFLOW_PORT = 5000;
/** oauth2-proxy in front of MLflow when the identity tier is on. */
export const OAUTH2_PROXY_IMAGE = 'quay.io/oauth2-proxy/oauth2-proxy:v7.15.6';
export const OAUTH2_PROXY_PORT = 4180;
/** A non-root UID for Kubernetes (the upstream image runs as root by default). */
export const MLFLOW_UID = 1000;

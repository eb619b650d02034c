/**
 * Apache Superset 6.1.0 (released May 2026, the current minor of the 6.x line).
 * @see https://github.com/apache/superset/releases/tag/6.1.0
 */
export const SUPERSET_VERSION = '6.1.0';
/** The upstream `lean` image: Superset and its Python dependencies, next to no database drivers. */
export const SUPERSET_IMAGE = `docker.io/apache/superset:${SUPERSET_VERSION}`;
/** Gunicorn's port in the upstream image and chart. */
export const SUPERSET_PORT = 8088;
/** The `superset` user of the upstream image (used on Kubernetes; OpenShift assigns its own UID). */
export const SUPERSET_UID = 1000;
/**
 * Python packages the in-cluster build adds: the PostgreSQL driver for the metadata database and
 * the SQLAlchemy dialects of the two pre-registered databases. Pinned for reproducible builds.
 * @see https://superset.apache.org/docs/configuration/databases#installing-database-drivers
 */
export const SUPERSET_DRIVERS = ['psycopg2-binary==2.9.13', 'trino[sqlalchemy]==0.340.0', 'clickhouse-connect==1.12.0'] as const;

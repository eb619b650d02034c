/**
 * Pinned images and ports, from Zero to JupyterHub 4.4.0 (JupyterHub 5.5.0, KubeSpawner 7.0.0,
 * OAuthenticator 17.4.0, jupyterhub-idle-culler 1.4.0, psycopg2 2.9.12 in the hub image).
 * @see https://github.com/jupyterhub/zero-to-jupyterhub-k8s/blob/4.4.0/images/hub/requirements.txt
 * @see https://z2jh.jupyter.org/en/stable/changelog.html
 */
export const Z2JH_VERSION = '4.4.0';
export const JUPYTERHUB_VERSION = '5.5.0';
/** The chart's hub image: JupyterHub with KubeSpawner, the authenticators and the idle culler. */
export const HUB_IMAGE = `quay.io/jupyterhub/k8s-hub:${Z2JH_VERSION}`;
/**
 * configurable-http-proxy; the chart's main branch bumped it to 5.3.0 after 4.4.0 (5.2.0 there).
 * @see https://github.com/jupyterhub/configurable-http-proxy/tags
 */
export const PROXY_IMAGE = 'quay.io/jupyterhub/configurable-http-proxy:5.3.0';
/**
 * Jupyter Docker Stacks user images, never `latest`. PySpark on the Spark tier's 4.0 line (4.0.1 here, the
 * newest Docker Stacks tag we could confirm; the tier runs 4.0.3, a patch apart), so the Iceberg
 * 4.0 runtime and Nessie extensions it resolves match; SciPy by build date for SQL and pandas work against Trino.
 * @see https://jupyter-docker-stacks.readthedocs.io/en/latest/using/selecting.html
 */
export const PYSPARK_IMAGE = 'quay.io/jupyter/pyspark-notebook:spark-4.0.1';
export const SCIPY_IMAGE = 'quay.io/jupyter/scipy-notebook:2026-10-05';

export const JUPYTERHUB_PORT = {
  /** The hub's own HTTP server (`hub_bind_url`): API, login, /hub/health. */
  hub: 8081,
  /** The proxy's public port, behind the Route/Ingress. */
  proxy: 8000,
  /** The proxy's REST API the hub configures routes through. */
  proxyApi: 8001,
  /** The single-user Jupyter server in each user pod (KubeSpawner's default `port`). */
  singleuser: 8888,
} as const;

/** `jovyan` in the chart's and Docker Stacks' images; `users` group. Ignored on OpenShift (SCC assigns). */
export const JOVYAN_UID = 1000;
export const USERS_GID = 100;

/** Where the hub keeps its SQLite database and cookie secret (the chart's hub PVC mount). */
export const HUB_DATA_DIR = '/srv/jupyterhub';
/** Where the chart mounts jupyterhub_config.py and its values. */
export const HUB_CONFIG_DIR = '/usr/local/etc/jupyterhub';
/** Home directories in Docker Stacks images. */
export const HOME_DIR = '/home/jovyan';

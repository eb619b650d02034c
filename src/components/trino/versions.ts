/** @see https://trino.io/docs/current/release.html */
export const TRINO_VERSION = '483';
export const TRINO_IMAGE = `trinodb/trino:${TRINO_VERSION}`;
/** The image's `trino` user. */
export const TRINO_UID = 1000;
export const TRINO_PORTS = { http: 8080, https: 8443 } as const;
/** Where workers spill and keep node data (seed R-STOR-13). */
export const TRINO_DATA_DIR = '/data/trino';

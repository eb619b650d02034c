/** The Connect REST API (Strimzi's `<name>-connect-api` Service). */
export const CONNECT_REST_PORT = 8083;

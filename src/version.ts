/** The toolkit's version (package.json `version`), reported by `--version` and in SARIF output. */
export const VERSION = '0.1.0';

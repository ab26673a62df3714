/** The engine version written into models and reports; kept in step with package.json. */
export const ENGINE_VERSION = '0.1.0';

/**
 * Where this org's {{APP_NAME}} connector answers: its public https URL, no trailing slash. The one place the
 * components learn it; rendering the package for a deployment fills it in.
 */
export const CONNECTOR_URL = '{{CONNECTOR_URL}}';

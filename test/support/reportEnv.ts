/** Environment variable naming the file where code run inside the extension host writes its JSON report (it inherits the server's environment). */
export const REPORT_ENV = 'CAPILLARY_EXTENSION_HOST_REPORT';

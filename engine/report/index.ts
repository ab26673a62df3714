export { CONTINUITY_TARGET, type ContinuityReportContext, continuityReport } from './continuity-report';
export { escapeHtml, page } from './html';
export { linkageReport, type ReportContext } from './linkage-report';

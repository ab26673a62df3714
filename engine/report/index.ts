export { escapeHtml, page } from './html';
export { linkageReport, type ReportContext } from './linkage-report';

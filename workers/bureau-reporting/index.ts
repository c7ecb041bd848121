export { createBureauReportingHandlers, reportingBureausOf, type BureauReportingSettings } from './handlers';
export { parseAnswer } from './answers';

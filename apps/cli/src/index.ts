export {
  albertParameterCounts,
  bertParameterCounts,
  type HeadKind,
  type ParameterCounts,
  type ShapeConfig,
} from './param-count.js';
export { buildProgram, type Context, type GlobalOptions, type Io, runProgram } from './program.js';
export { confusionHeatmap, headsByTokens, tokensByTokens } from './report/attention.js';
export { type HeatmapSpec, heatmapSvg } from './report/heatmap.js';
export { type LineChartSpec, lineChartSvg, type Series } from './report/line-chart.js';
export {
  type ReportBlock,
  type ReportData,
  type ReportSection,
  renderReportHtml,
} from './report/report-html.js';
export { htmlTable, markdownTable, type TableSpec, textTable } from './report/table.js';
export { run } from './run.js';
export { CliFailure, Interrupted, UsageError } from './util/errors.js';

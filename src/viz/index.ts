/**
 * Pictures of models and data: colour maps, heat map overlays, line charts, contact sheets and
 * confusion matrices. Import as `atelier/viz`.
 * @module
 */
export { COLORMAPS, colormapTable, colormapColor, colormapHex, applyColormap, type ColormapName } from './colormaps.js';
export { heatmapOverlay, resizeBilinear, type HeatmapOverlayOptions } from './heatmap.js';
export { lineChartSvg, niceTicks, type LineSeries, type LineChartOptions } from './line-chart.js';
export { svgToPng, svgToPngBytes, rasterizeSvg, escapeXml } from './svg.js';
export { contactSheet, type ContactSheetOptions } from './contact-sheet.js';
export { confusionMatrixSvg, confusionMatrixPng, confusionMatrixText, type ConfusionMatrixInput, type ConfusionMatrixOptions } from './confusion-matrix.js';

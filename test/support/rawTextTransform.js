/** Jest transform: a data file imported from TypeScript becomes its text, as webpack's asset/source does. */
module.exports = {
  process(sourceText) {
    return { code: `module.exports = { __esModule: true, default: ${JSON.stringify(sourceText)} };` };
  },
};

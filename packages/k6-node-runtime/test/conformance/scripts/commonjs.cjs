// k6 also runs CommonJS scripts: require() of k6 modules, exports.default / exports.options.
// (.cjs: this repository is "type": "module", so a .js file here would be read as ESM)
const k6 = require('k6');
const { Counter } = require('k6/metrics');
const exec = require('k6/execution').default;
const hits = new Counter('cjs_hits');
exports.options = { iterations: 3 };
exports.default = function () {
  hits.add(1);
  k6.check(exec.scenario.name, { 'scenario is default': (n) => n === 'default' });
};
exports.handleSummary = function (data) {
  return { [__ENV.SUMMARY_OUT]: JSON.stringify(data) };
};

// The parts of plotly.js the portal's charts use (budgets/charts/): the core (which always
// holds the scatter trace), bar and sunburst traces, and the zh-CN locale for the few words
// plotly.js itself writes. A chart with another trace type needs it added here and a rebuild.
'use strict';

var Plotly = require('plotly.js/lib/core');

Plotly.register([
    require('plotly.js/lib/bar'),
    require('plotly.js/lib/sunburst'),
    require('plotly.js/lib/locales/zh-cn'),
]);

module.exports = Plotly;

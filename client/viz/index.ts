// Registers every math view (<math-panel>, <curvechat-math> and the views they contain) when imported.
import './step-player.js';
import './curve-grid.js';
import './curve-reals.js';
import './keygen-steps.js';
import './exchange-view.js';
import './math-panel.js';
import './curvechat-math.js';

// Registers every math view (<curvechat-math-panel>, <curvechat-math> and the views they contain) when imported.
import './curvechat-step-player.js';
import './curvechat-curve-grid.js';
import './curvechat-curve-reals.js';
import './curvechat-keygen-steps.js';
import './curvechat-exchange-view.js';
import './curvechat-math-panel.js';
import './curvechat-math.js';

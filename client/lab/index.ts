// Registers every lab component (<curvechat-eve-panel>, <curvechat-mitm-lab>, <curvechat-attacks>, <curvechat-presenter-bar>) and exports what a page needs to feed them.
import './curvechat-eve-panel.js';
import './curvechat-eve-attack-view.js';
import './curvechat-eve-real-curve.js';
import './curvechat-eve-results.js';
import './curvechat-mitm-lab.js';
import './curvechat-mitm-followed.js';
import './curvechat-attacks.js';
import './curvechat-mitm-safety.js';
import './curvechat-presenter-bar.js';

export { buildDemoScenario } from './model/eve-demo.js';
export { followIn, followReducer, INITIAL_FOLLOW } from './model/follow.js';
export { setPresenterStyle } from './presenter-style.js';

// Registers every lab component (<eve-panel>, <mitm-lab>, <presenter-bar>) and exports what a page needs to feed them.
import './eve-panel.js';
import './eve-attack-view.js';
import './eve-real-curve.js';
import './eve-results.js';
import './mitm-lab.js';
import './mitm-safety.js';
import './presenter-bar.js';

export { buildDemoScenario } from './model/eve-demo.js';
export { followReducer, INITIAL_FOLLOW } from './model/follow.js';
export { setPresenterStyle } from './presenter-style.js';

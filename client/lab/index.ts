// Registers every lab component (<eve-panel>, <mitm-lab>, <presenter-bar>) and exports what a page needs to feed them.
import './eve-panel.js';
import './eve-results.js';
import './mitm-lab.js';
import './mitm-safety.js';

export { buildDemoScenario } from './model/eve-demo.js';

// Registers every math view (<math-panel> and the views it contains) when imported.
import './step-player.js';
import './curve-grid.js';
import './curve-reals.js';
import './keygen-steps.js';
import './exchange-view.js';

// CSS for <curvechat-curve-reals>: the point-entry fieldset, error text and the crosshair canvas.
import { css } from 'lit';

/** The reals view's own styles (adopted after vizStyles, legendStyles and layoutStyles). */
export const curveRealsStyles = css`
  fieldset {
    border: 1px solid var(--cc-border, #c8c8c8);
    border-radius: 0.4em;
    margin: 0 0 0.6em;
  }
  legend {
    font-weight: 600;
  }
  .err {
    color: var(--cc-err, #a63f00);
  }
  canvas {
    cursor: crosshair;
  }
`;

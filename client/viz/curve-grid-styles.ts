// CSS for <curvechat-curve-grid>: the order explanation, cofactor note, d error and the orbit table.
import { css } from 'lit';

/** The grid view's own styles (adopted after vizStyles, legendStyles and layoutStyles). */
export const curveGridStyles = css`
  .explain {
    margin: 0 0 0.6em;
    max-width: 60em;
  }
  .cofactor {
    padding: 0.5em 0.8em;
    border-left: 4px solid #e69f00;
    background: var(--cc-warn-soft, #fff7e6);
  }
  .err {
    color: var(--cc-err, #a63f00);
  }
  details {
    margin-top: 0.6em;
  }
  .orbit-table {
    max-height: 16em;
    overflow: auto;
  }
`;

// CSS for <curvechat-keygen-steps>: the engine-vs-WebCrypto check box, private-key warning, bit table and strip.
import { css } from 'lit';

/** The key generation view's own styles (adopted after vizStyles and legendStyles). */
export const keygenStyles = css`
  .check {
    display: flex;
    gap: 0.8em;
    align-items: flex-start;
    margin: 0.8em 0;
    padding: 0.7em 1em;
    border: 2px solid currentColor;
    border-radius: 0.5em;
  }
  .check .mark {
    font-size: 2em;
    line-height: 1;
  }
  .check.ok {
    color: var(--cc-ok, #006b4f);
    background: var(--cc-ok-soft, #e6f5ef);
  }
  .check.bad {
    color: var(--cc-err, #a63f00);
    background: var(--cc-err-soft, #fdeee6);
  }
  .check dl {
    margin: 0.3em 0 0;
    color: var(--cc-text, #1a1a1a);
    font-weight: 400;
  }
  .check dd {
    margin: 0 0 0.3em;
  }
  .private {
    padding: 0.5em 0.8em;
    border-left: 4px solid #e69f00;
    background: var(--cc-warn-soft, #fff7e6);
  }
  details.block > summary {
    cursor: pointer;
    padding: 0.15em 0;
    font-variant-numeric: tabular-nums;
  }
  tr.current {
    outline: 3px solid #e69f00;
    background: var(--cc-warn-soft, #fff7e6);
  }
  td.op-da {
    font-weight: 700;
  }
  .strip-box {
    margin: 0.5em 0;
  }
  canvas.strip {
    border: none;
  }
  section {
    margin-top: 1.2em;
  }
  .following {
    font-weight: 600;
    border-left: 4px solid var(--cc-accent, #0072b2);
    padding: 0.2em 0 0.2em 0.6em;
  }
`;

// CSS for <curvechat-exchange-view>: the side-by-side pair, the HKDF/AES-GCM boxes and their empty states.
import { css } from 'lit';

/** The exchange view's own styles (adopted after vizStyles). */
export const exchangeStyles = css`
  .pair {
    display: grid;
    grid-template-columns: repeat(auto-fit, minmax(16rem, 1fr));
    gap: 1em;
  }
  /* A grid never taller than about half the screen, so the step text below stays in sight (projector, laptop). */
  .grid-box {
    max-width: min(100%, 55vh);
  }
  /* Room between the pair of boxes above and the step player's bar. */
  curvechat-step-player {
    margin-top: 1em;
  }
  .boxes {
    display: grid;
    grid-template-columns: repeat(auto-fit, minmax(18rem, 1fr));
    gap: 0.8em;
    margin-top: 1em;
  }
  .box {
    border: 2px solid var(--cc-border, #c8c8c8);
    border-radius: 0.5em;
    padding: 0.6em 0.9em;
  }
  .box.current {
    border-color: #e69f00;
    box-shadow: 0 0 0 2px #e69f00;
  }
  .box h4 {
    margin: 0 0 0.3em;
  }
  .box dl {
    margin: 0;
  }
  .box dd {
    margin: 0 0 0.4em;
  }
  .empty {
    color: var(--cc-muted, #4d5a6a);
    font-style: italic;
  }
  .lesson {
    margin-top: 1.2em;
    border-top: 1px solid var(--cc-border, #c8c8c8);
    padding-top: 0.6em;
  }
  .lesson h4 {
    margin: 0 0 0.4em;
  }
  /* Its content never widens the page (inline-size containment); it scrolls sideways instead. */
  .table-scroll {
    overflow-x: auto;
    max-width: 100%;
    contain: inline-size;
  }
  table.comm {
    border-collapse: collapse;
    font-variant-numeric: tabular-nums;
  }
  table.comm caption {
    text-align: left;
    font-weight: 600;
    padding-bottom: 0.3em;
  }
  table.comm th,
  table.comm td {
    border: 1px solid var(--cc-border, #c8c8c8);
    padding: 0.2em 0.4em;
    text-align: right;
    white-space: nowrap;
  }
  table.comm td.ours {
    outline: 3px solid #e69f00;
    outline-offset: -3px;
    font-weight: 700;
  }
  .numbers {
    display: grid;
    grid-template-columns: minmax(0, max-content) max-content;
    gap: 0.1em 1em;
  }
  .numbers dd {
    margin: 0;
    font-weight: 700;
  }
  .cofactor-box {
    max-width: 520px;
  }
  .mismatch {
    border: 2px solid #e69f00;
    border-radius: 0.5em;
    padding: 0.6em 0.9em;
  }
  .following {
    font-weight: 600;
    border-left: 4px solid var(--cc-accent, #0072b2);
    padding: 0.2em 0 0.2em 0.6em;
  }
`;

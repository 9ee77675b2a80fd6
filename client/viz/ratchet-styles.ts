// CSS for <curvechat-ratchet-view>: the SVG chains, the counters, Eve's marks and the table.
import { css } from 'lit';

/** The Ratchet view's own styles (adopted after vizStyles). */
export const ratchetStyles = css`
  .drawing {
    overflow-x: auto;
    max-width: 100%;
    contain: inline-size;
    border: 1px solid var(--cc-border, #c8c8c8);
    border-radius: 0.5em;
    background: var(--cc-surface, #fff);
  }
  /* Sized in em (13 SVG units to the em), so Large type enlarges the drawing with the text. */
  svg {
    display: block;
  }
  /* 13 user units: scaled with the drawing by its viewBox. */
  svg text {
    fill: var(--cc-text, #1a1a1a);
    font-size: 13px;
  }
  svg .caption {
    fill: var(--cc-muted, #4d5a6a);
  }
  .root rect {
    fill: var(--cc-surface-2, #f1f3f5);
    stroke: var(--cc-text, #1a1a1a);
    stroke-width: 1.5;
  }
  .root.now rect {
    stroke: #e69f00;
    stroke-width: 3;
  }
  .root-chain {
    stroke: var(--cc-text, #1a1a1a);
    stroke-width: 3;
  }
  line.chain {
    stroke-width: 2;
    stroke: #0072b2;
  }
  line.chain.receiving {
    stroke: #cc79a7;
    stroke-dasharray: 6 4;
  }
  .link rect {
    fill: var(--cc-surface, #fff);
    stroke: #0072b2;
    stroke-width: 2;
  }
  .link.received rect {
    stroke: #cc79a7;
    stroke-dasharray: 6 3;
  }
  .link.current rect {
    stroke: #e69f00;
    stroke-width: 4;
    stroke-dasharray: none;
  }
  .link.eve-reads rect {
    fill: var(--cc-err-soft, #fde8e8);
  }
  .link.forward-secrecy rect,
  .link.healed rect {
    fill: var(--cc-ok-soft, #e6f4ea);
  }
  .link .fp {
    font-family: var(--cc-mono, monospace);
  }
  .link .mark {
    font-weight: 700;
  }
  .link.eve-reads .mark {
    fill: var(--cc-err, #b00020);
  }
  .link.forward-secrecy .mark,
  .link.healed .mark {
    fill: var(--cc-ok, #1e6b35);
  }
  .legend {
    display: flex;
    flex-wrap: wrap;
    gap: 0.4em 1.2em;
    margin: 0.4em 0;
    padding: 0;
    list-style: none;
  }
  .legend li {
    display: flex;
    align-items: center;
  }
  tr.theft td {
    border-top: 3px solid var(--cc-err, #b00020);
    color: var(--cc-err, #b00020);
    font-weight: 600;
  }
  .swatch {
    display: inline-block;
    width: 1.4em;
    height: 0.9em;
    vertical-align: middle;
    border: 2px solid #0072b2;
    border-radius: 3px;
    margin-right: 0.3em;
  }
  .swatch.received {
    border: 2px dashed #cc79a7;
  }
  .swatch.eve {
    border-color: var(--cc-err, #b00020);
    background: var(--cc-err-soft, #fde8e8);
  }
  .swatch.safe {
    border-color: var(--cc-ok, #1e6b35);
    background: var(--cc-ok-soft, #e6f4ea);
  }
  .now {
    display: flex;
    flex-wrap: wrap;
    gap: 0.4em 1.6em;
    margin: 0.6em 0;
  }
  .now dt {
    font-weight: 600;
  }
  .now dd {
    margin: 0;
  }
  .eve-panel {
    margin-top: 1em;
    border-top: 1px solid var(--cc-border, #c8c8c8);
    padding-top: 0.6em;
  }
  .eve-buttons {
    display: flex;
    flex-wrap: wrap;
    gap: 0.5em;
  }
  .table-heading {
    margin: 1em 0 0.3em;
    font-size: 1em;
  }
  .table-note {
    margin: 0 0 0.4em;
  }
  .table-scroll {
    overflow-x: auto;
    max-width: 100%;
    contain: inline-size;
  }
  /* A fingerprint stays on one line (the table scrolls sideways instead); vizStyles' .mono would break it anywhere. */
  td.fp {
    font-family: var(--cc-mono, monospace);
    white-space: nowrap;
  }
  .glossary {
    margin-top: 0.8em;
  }
  .glossary h4 {
    margin: 0 0 0.3em;
    font-size: 1em;
  }
  .glossary dl {
    margin: 0;
    display: grid;
    gap: 0.3em;
  }
  .glossary dt {
    display: inline;
    font-weight: 700;
  }
  .glossary dt::after {
    content: ': ';
  }
  .glossary dd {
    display: inline;
    margin: 0;
  }
  table {
    border-collapse: collapse;
  }
  th,
  td {
    border: 1px solid var(--cc-border, #c8c8c8);
    padding: 0.2em 0.5em;
    text-align: left;
  }
  tr.current {
    outline: 3px solid #e69f00;
    outline-offset: -3px;
  }
  tr.later {
    color: var(--cc-muted, #4d5a6a);
  }
  .mono {
    font-family: var(--cc-mono, monospace);
  }
  curvechat-step-player {
    margin-top: 0.8em;
  }
`;

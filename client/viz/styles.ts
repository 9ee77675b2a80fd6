// Shared CSS for the math views: visually-hidden text, canvas sizing, form controls.
import { css } from 'lit';
import { visuallyHiddenStyles } from '../styles/visually-hidden.js';

/** Styles every view adopts (large-type friendly: sizes are in em). */
export const vizStyles = css`
  :host {
    display: block;
    color: var(--cc-text, #1a1a1a);
    font-family:
      system-ui,
      -apple-system,
      'Segoe UI',
      sans-serif;
  }
  ${visuallyHiddenStyles}
  canvas {
    display: block;
    width: 100%;
    height: auto;
    border: 1px solid var(--cc-border, #c8c8c8);
    border-radius: 0.4em;
    /* The bitmap paints its own background (PALETTE.background, light or dark); this shows before it. */
    background: var(--cc-surface, #fff);
    touch-action: manipulation;
  }
  canvas:focus-visible {
    outline: 3px solid var(--cc-focus, #e69f00);
    outline-offset: 2px;
  }
  h3 {
    margin: 0 0 0.4em;
    font-size: 1.2em;
  }
  p {
    line-height: 1.45;
  }
  .controls {
    display: flex;
    flex-wrap: wrap;
    gap: 0.6em 1em;
    align-items: end;
    margin: 0.5em 0;
  }
  label {
    display: inline-flex;
    flex-direction: column;
    gap: 0.2em;
    font-size: 0.95em;
  }
  input,
  select,
  button {
    font: inherit;
    padding: 0.25em 0.5em;
    border: 1px solid var(--cc-border, #8c8c8c);
    border-radius: 0.35em;
    background: var(--cc-surface, #fff);
    color: var(--cc-text, #1a1a1a);
  }
  input[type='number'] {
    width: 6em;
  }
  button {
    cursor: pointer;
    min-height: 2.2em;
  }
  button:disabled {
    opacity: 0.5;
    cursor: default;
  }
  input:focus-visible,
  select:focus-visible,
  button:focus-visible,
  summary:focus-visible {
    outline: 3px solid var(--cc-focus, #e69f00);
    outline-offset: 2px;
  }
  .warn {
    color: var(--cc-warn, #8a3b00);
  }
  .ok {
    color: var(--cc-ok, #006b4f);
    font-weight: 700;
  }
  .bad {
    color: var(--cc-err, #a63f00);
    font-weight: 700;
  }
  .mono {
    font-family: ui-monospace, 'SFMono-Regular', Menlo, Consolas, monospace;
    overflow-wrap: anywhere;
  }
  table {
    border-collapse: collapse;
    font-variant-numeric: tabular-nums;
  }
  th,
  td {
    border: 1px solid var(--cc-border, #d0d0d0);
    padding: 0.2em 0.5em;
    text-align: left;
  }
`;

/** Legend list layout. */
export const legendStyles = css`
  .legend {
    display: flex;
    flex-wrap: wrap;
    gap: 0.3em 1.2em;
    margin: 0.5em 0;
    padding: 0;
    list-style: none;
    font-size: 0.95em;
  }
  .legend li {
    display: inline-flex;
    align-items: center;
    gap: 0.35em;
  }
  .legend svg {
    flex: none;
  }
`;

/** Two columns (canvas | explanation and controls) when the view is wide, one when narrow. */
export const layoutStyles = css`
  :host {
    container-type: inline-size;
  }
  /* In presenter mode (--cc-presenter-scale, client/lab/presenter-style.ts) the canvas column grows. */
  .layout {
    display: grid;
    grid-template-columns:
      minmax(0, min(calc(46rem * var(--cc-presenter-scale, 1)), var(--cc-canvas-max-width, 100vw)))
      minmax(18rem, 1fr);
    gap: 1em 1.5em;
    align-items: start;
  }
  .canvas-box {
    min-width: 0;
    max-width: var(--cc-canvas-max-width, none);
  }
  .side {
    min-width: 0;
  }
  @container (max-width: 60rem) {
    .layout {
      grid-template-columns: minmax(0, 1fr);
    }
  }
  /* Projector: the canvas (capped to the screen height) keeps its step player beside it. */
  @container (min-width: 48rem) and style(--cc-presenter: 1) {
    .layout {
      grid-template-columns: minmax(0, var(--cc-canvas-max-width, 46rem)) minmax(16rem, 1fr);
    }
  }
`;

// CSS for <curvechat-step-player>: the control bar, play button, position slider and the live caption.
import { css } from 'lit';

/** The step player's own styles (adopted after vizStyles). */
export const stepPlayerStyles = css`
  :host {
    display: block;
  }
  .bar {
    display: flex;
    flex-wrap: wrap;
    gap: 0.4em;
    align-items: center;
  }
  button,
  select {
    font: inherit;
    min-width: 2.6em;
    min-height: 2.4em;
    padding: 0.2em 0.6em;
    border: 1px solid var(--cc-muted, #4d4d4d);
    border-radius: 0.4em;
    background: var(--cc-surface, #fff);
    color: var(--cc-text, #1a1a1a);
    cursor: pointer;
  }
  button:disabled,
  button[aria-disabled='true'] {
    opacity: 0.45;
    cursor: default;
  }
  button.play {
    min-width: 5.5em;
    background: var(--cc-accent, #0072b2);
    color: var(--cc-accent-text, #fff);
    border-color: var(--cc-accent, #0072b2);
  }
  button:focus-visible,
  select:focus-visible,
  input:focus-visible {
    outline: 3px solid var(--cc-focus, #e69f00);
    outline-offset: 2px;
  }
  input[type='range'] {
    flex: 1 1 10em;
    min-width: 8em;
    accent-color: var(--cc-accent, #0072b2);
  }
  .pos {
    font-variant-numeric: tabular-nums;
    min-width: 6em;
  }
  .caption {
    margin: 0.5em 0 0;
    padding: 0.5em 0.7em;
    min-height: 2.6em;
    border-left: 4px solid var(--cc-accent, #0072b2);
    background: var(--cc-surface-2, #f2f7fb);
    font-size: 1.05em;
    line-height: 1.4;
  }
  .bar label {
    flex-direction: row;
    align-items: center;
    gap: 0.4em;
  }
  svg {
    fill: currentColor;
    vertical-align: -0.15em;
  }
  /* A copy of the step text fixed at the bottom of a phone's window while the canvas is in view. */
  .dock {
    display: none;
  }
  @media (max-width: 960px) {
    .dock {
      position: fixed;
      left: 0;
      right: 0;
      bottom: 0;
      z-index: 10;
      display: flex;
      align-items: center;
      gap: 0.5em;
      max-height: 35vh;
      overflow: auto;
      padding: 0.4em 0.6em;
      border-top: 3px solid var(--cc-accent, #0072b2);
      background: var(--cc-surface, #fff);
      color: var(--cc-text, #1a1a1a);
      box-shadow: 0 -2px 8px rgb(0 0 0 / 20%);
    }
    .dock p {
      flex: 1;
      min-width: 0;
      margin: 0;
      line-height: 1.35;
      overflow-wrap: anywhere;
    }
    .dock-pos {
      font-weight: 600;
      margin-right: 0.3em;
    }
  }
  .note {
    font-size: 0.85em;
    color: var(--cc-muted, #4d4d4d);
  }
`;

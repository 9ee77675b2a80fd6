// Styles shared by every curvechat component: controls, focus rings, hex blocks, badges.
import { css } from 'lit';
import { visuallyHiddenStyles } from './visually-hidden.js';

/** Base styles each component adopts before its own. */
export const sharedStyles = css`
  :host {
    box-sizing: border-box;
    font-family: var(--cc-font);
    color: var(--cc-text);
  }
  *,
  *::before,
  *::after {
    box-sizing: inherit;
  }
  h2,
  h3 {
    margin: 0;
    line-height: 1.25;
  }
  h2 {
    font-size: 1.15rem;
  }
  h3 {
    font-size: 1rem;
  }
  p {
    margin: 0;
  }
  button {
    font: inherit;
    font-weight: 600;
    border-radius: 8px;
    border: 1px solid var(--cc-accent);
    background: var(--cc-accent);
    color: var(--cc-accent-text);
    padding: 0.5rem 1rem;
    min-height: 2.5rem;
    cursor: pointer;
  }
  button:hover:not(:disabled) {
    background: var(--cc-accent-hover);
    border-color: var(--cc-accent-hover);
  }
  button.secondary {
    background: var(--cc-surface);
    color: var(--cc-accent);
    border-color: var(--cc-border);
  }
  button.secondary:hover:not(:disabled) {
    background: var(--cc-accent-soft);
    border-color: var(--cc-accent);
  }
  button.small {
    min-height: 2rem;
    padding: 0.25rem 0.65rem;
    font-size: 0.875rem;
  }
  button:disabled {
    opacity: 0.55;
    cursor: not-allowed;
  }
  input,
  textarea,
  select {
    font: inherit;
    color: var(--cc-text);
    background: var(--cc-surface);
    border: 1px solid var(--cc-border);
    border-radius: 8px;
    padding: 0.5rem 0.75rem;
    min-height: 2.5rem;
    max-width: 100%;
  }
  input[aria-invalid='true'],
  textarea[aria-invalid='true'] {
    border-color: var(--cc-err);
  }
  /* A fieldset is min-content wide by default, so a select with a long option widened the whole page. */
  fieldset {
    min-width: 0;
  }
  :focus-visible {
    outline: 3px solid var(--cc-focus);
    outline-offset: 2px;
  }
  .card {
    background: var(--cc-surface);
    border: 1px solid var(--cc-border);
    border-radius: var(--cc-radius);
    box-shadow: var(--cc-shadow);
    padding: 1rem 1.125rem;
  }
  .muted {
    color: var(--cc-muted);
  }
  .small-text {
    font-size: 0.875rem;
  }
  .hex {
    font-family: var(--cc-mono);
    font-size: 0.875rem;
    line-height: 1.6;
    word-spacing: 0.1em;
    overflow-wrap: anywhere;
    background: var(--cc-surface-2);
    border-radius: 6px;
    padding: 0.35rem 0.55rem;
    margin: 0.15rem 0 0;
    white-space: normal;
  }
  .mono {
    font-family: var(--cc-mono);
  }
  .badge {
    display: inline-flex;
    align-items: center;
    gap: 0.3rem;
    font-size: 0.8125rem;
    font-weight: 600;
    border-radius: 999px;
    padding: 0.1rem 0.6rem;
    background: var(--cc-surface-2);
    color: var(--cc-muted);
    /* Short badges stay on one line; a long one wraps on a phone instead of widening the page. */
    max-width: 100%;
    overflow-wrap: anywhere;
  }
  .badge.ok {
    background: var(--cc-ok-soft);
    color: var(--cc-ok);
  }
  .notice {
    border-radius: 8px;
    padding: 0.6rem 0.8rem;
    background: var(--cc-surface-2);
  }
  .badge.warn,
  .notice.warn {
    background: var(--cc-warn-soft);
    color: var(--cc-warn);
  }
  .badge.err,
  .notice.err {
    background: var(--cc-err-soft);
    color: var(--cc-err);
  }
  /* A member's name (isolated, so right-to-left letters cannot reorder what is around it) and its id suffix. */
  bdi.name {
    unicode-bidi: isolate;
  }
  .id-suffix {
    font-family: var(--cc-mono);
    font-size: 0.85em;
    font-weight: 600;
    padding: 0 0.3em;
    border-radius: 0.3em;
    border: 1px solid currentColor;
    white-space: nowrap;
  }
  .bidi {
    font-size: 0.8em;
    padding: 0 0.15em;
    border: 1px dashed currentColor;
    border-radius: 0.2em;
  }
  .field-error {
    color: var(--cc-err);
    font-size: 0.875rem;
    margin-top: 0.25rem;
  }
  ${visuallyHiddenStyles}
  @media (prefers-reduced-motion: reduce) {
    *,
    *::before,
    *::after {
      animation: none !important;
      transition: none !important;
      scroll-behavior: auto !important;
    }
  }
`;

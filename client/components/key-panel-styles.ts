// The key panel's styles (<curvechat-key-panel>): the steps, the key pair, its coordinates and notes.
import { css } from 'lit';

/** The key panel's own CSS, after sharedStyles and blockSectionHost. */
export const keyPanelStyles = css`
  section {
    gap: 0.9rem;
  }
  .row {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 0.6rem;
  }
  ol.steps {
    list-style: none;
    margin: 0;
    padding: 0;
    display: grid;
    gap: 0.5rem;
  }
  ol.steps li {
    display: grid;
    grid-template-columns: 1.75rem 1fr;
    gap: 0.15rem 0.6rem;
    align-items: start;
  }
  .num {
    grid-row: span 2;
    width: 1.75rem;
    height: 1.75rem;
    border-radius: 50%;
    display: grid;
    place-items: center;
    font-weight: 700;
    font-size: 0.875rem;
    background: var(--cc-surface-2);
    color: var(--cc-muted);
  }
  li.done .num {
    background: var(--cc-ok-soft);
    color: var(--cc-ok);
  }
  .step-title {
    font-weight: 600;
  }
  .step-text {
    font-size: 0.875rem;
    color: var(--cc-muted);
  }
  .key {
    display: grid;
    gap: 0.2rem;
  }
  .key-head {
    display: flex;
    justify-content: space-between;
    align-items: center;
    gap: 0.5rem;
    flex-wrap: wrap;
  }
  .key-label {
    font-weight: 600;
    /* "Public key Q" stays on one line; only the muted size note may wrap. */
    white-space: nowrap;
  }
  .key-label .muted {
    white-space: normal;
  }
  .coord {
    display: grid;
    /* As wide as its label ("X", "u" or a toy key's "(x, y)"), which never wraps. */
    grid-template-columns: minmax(1.5rem, max-content) minmax(0, 1fr);
    align-items: baseline;
    gap: 0.4rem;
  }
  .coord b {
    font-family: var(--cc-mono);
    text-align: right;
    white-space: nowrap;
  }
  .masked {
    letter-spacing: 0.05em;
    color: var(--cc-muted);
  }
`;

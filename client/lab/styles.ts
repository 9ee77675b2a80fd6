// Styles shared by the lab components (Eve's panel, MITM lab, presenter bar); sizes in em so large type scales them.
import { css } from 'lit';

/** Layout and role colours for the lab views, adopted after client/styles/shared.ts. */
export const labStyles = css`
  :host {
    display: block;
    font-size: 1rem;
  }
  section.card {
    display: grid;
    gap: 0.9em;
  }
  header.lab-head {
    display: flex;
    flex-wrap: wrap;
    gap: 0.5em 0.8em;
    align-items: center;
  }
  .lede {
    max-width: 62em;
    line-height: 1.5;
  }
  fieldset {
    border: 1px solid var(--cc-border);
    border-radius: 8px;
    padding: 0.6em 0.9em 0.8em;
    margin: 0;
    display: flex;
    flex-wrap: wrap;
    gap: 0.7em 1.4em;
    align-items: end;
  }
  legend {
    font-weight: 600;
    padding: 0 0.3em;
  }
  label.field {
    display: inline-flex;
    flex-direction: column;
    /* A flex item is min-content wide by default: without these a long option widened the phone page. */
    min-width: 0;
    max-width: 100%;
    gap: 0.25em;
    font-size: 0.95em;
  }
  label.check {
    display: inline-flex;
    gap: 0.45em;
    align-items: center;
    min-height: 2.5em;
    cursor: pointer;
  }
  label.check input {
    width: 1.2em;
    height: 1.2em;
    min-height: 0;
    margin: 0;
  }
  .row {
    display: flex;
    flex-wrap: wrap;
    gap: 0.5em;
    align-items: center;
  }
  .big-number {
    font-family: var(--cc-mono);
    font-variant-numeric: tabular-nums;
    font-size: 1.6em;
    font-weight: 700;
  }
  progress {
    width: 100%;
    height: 1.1em;
    accent-color: var(--cc-accent);
  }
  table {
    border-collapse: collapse;
    width: 100%;
    font-size: 0.92em;
  }
  th,
  td {
    text-align: left;
    vertical-align: top;
    padding: 0.35em 0.6em;
    border-bottom: 1px solid var(--cc-border);
  }
  th {
    font-weight: 600;
    color: var(--cc-muted);
  }
  td.mono,
  .mono {
    font-family: var(--cc-mono);
    overflow-wrap: anywhere;
  }
  .ok-text {
    color: var(--cc-ok);
    font-weight: 600;
  }
  .err-text {
    color: var(--cc-err);
    font-weight: 600;
  }
  .role-alice {
    --role: #1d5fd1;
  }
  .role-bob {
    --role: #17703d;
  }
  .role-mallory {
    --role: #b3261e;
  }
  .role-eve {
    --role: #7a3db8;
  }
  /* On the dark theme the role hues are lightened so their text keeps 4.5:1 on the dark surfaces. */
  @media (prefers-color-scheme: dark) {
    .role-alice {
      --role: #8fb6ff;
    }
    .role-bob {
      --role: #6fd69a;
    }
    .role-mallory {
      --role: #ff8f86;
    }
    .role-eve {
      --role: #c9a2f2;
    }
  }
  .role-tag {
    display: inline-block;
    font-weight: 700;
    color: var(--role, var(--cc-text));
  }
  .callout {
    border-left: 0.3em solid var(--role, var(--cc-accent));
    background: var(--cc-surface-2);
    border-radius: 0 8px 8px 0;
    padding: 0.6em 0.9em;
  }
  .callout.ok {
    --role: var(--cc-ok);
    background: var(--cc-ok-soft);
  }
  .callout.err {
    --role: var(--cc-err);
    background: var(--cc-err-soft);
  }
  @media (prefers-reduced-motion: reduce) {
    progress {
      transition: none;
    }
  }
`;

/** What the attack labs share: a wide trace or table scrolls inside its box (phones), and a row of radio choices. */
export const attackLabStyles = css`
  section.card {
    grid-template-columns: minmax(0, 1fr);
  }
  .modes,
  .methods {
    display: flex;
    flex-wrap: wrap;
    gap: 0.3em 1.2em;
    border: 0;
    padding: 0;
  }
`;

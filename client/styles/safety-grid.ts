// The safety-number grid (12 groups of 5 digits, 4 per row) shared by the room and the MITM lab.
import { css } from 'lit';

/** Styles `ol.safety-grid`; each user sets its own margin, padding, gaps and font size. */
export const safetyGridStyles = css`
  ol.safety-grid {
    list-style: none;
    display: grid;
    grid-template-columns: repeat(4, max-content);
    justify-content: start;
    background: var(--cc-surface-2);
    border-radius: 8px;
    font-family: var(--cc-mono);
    font-variant-numeric: tabular-nums;
  }
`;

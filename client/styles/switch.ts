// The look of a labelled checkbox switch under the composer (notifications, sender keys): one definition for both.
import { css } from 'lit';

/** A checkbox with its label beside it, a pointer over the label, a fixed-size box. */
export const switchStyles = css`
  label {
    display: inline-flex;
    align-items: center;
    gap: 0.35rem;
    cursor: pointer;
  }
  input {
    width: 1.1rem;
    height: 1.1rem;
    margin: 0;
  }
`;

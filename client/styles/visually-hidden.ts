// The `.visually-hidden` class: text for screen readers only, shared by components and math views.
import { css } from 'lit';

/** Hides an element visually while keeping it in the accessibility tree. */
export const visuallyHiddenStyles = css`
  .visually-hidden {
    position: absolute;
    width: 1px;
    height: 1px;
    margin: -1px;
    padding: 0;
    overflow: hidden;
    clip: rect(0 0 0 0);
    white-space: nowrap;
    border: 0;
  }
`;

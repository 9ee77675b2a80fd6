// Host layouts several components share: a block host with a grid section, and a flex column host.
import { css } from 'lit';

/** `:host` is a block and its `section` a grid; the component sets the section's own `gap`. */
export const blockSectionHost = css`
  :host {
    display: block;
  }
  section {
    display: grid;
  }
`;

/** `:host` is a flex column that may shrink below its content (for scrolling panels). */
export const flexColumnHost = css`
  :host {
    display: flex;
    flex-direction: column;
    min-height: 0;
  }
`;

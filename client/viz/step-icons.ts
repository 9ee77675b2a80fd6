// Media-control icons for <curvechat-step-player> as inline SVG (fonts often lack the glyphs).
import { html, svg, type TemplateResult } from 'lit';

/** Small SVG icons (fonts often lack the media-control glyphs). */
const ICONS = {
  first: svg`<path d="M5 4h2v16H5zM20 4 9 12l11 8z" />`,
  prev: svg`<path d="M18 4 7 12l11 8z" />`,
  next: svg`<path d="M6 4l11 8-11 8z" />`,
  last: svg`<path d="M17 4h2v16h-2zM4 4l11 8-11 8z" />`,
  play: svg`<path d="M6 4l13 8-13 8z" />`,
  pause: svg`<path d="M6 4h4v16H6zM14 4h4v16h-4z" />`,
};

/** Name of one of the player's icons. */
export type IconName = keyof typeof ICONS;

/** The icon as a decorative 1em SVG (hidden from assistive technology). */
export function icon(name: IconName): TemplateResult {
  return html`<svg viewBox="0 0 24 24" width="1em" height="1em" aria-hidden="true" focusable="false">
    ${ICONS[name]}
  </svg>`;
}

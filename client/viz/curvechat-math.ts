// <curvechat-math>: the name the room view (client/components/curvechat-room.ts) renders for its Math tab; it is <curvechat-math-panel>.
import { customElement } from 'lit/decorators.js';
import { MathPanel } from './curvechat-math-panel.js';

/** <curvechat-math-panel> under the tag the room view reserves for the Math tab (receives `.state` and `.session`). */
@customElement('curvechat-math')
export class CurvechatMath extends MathPanel {}

declare global {
  interface HTMLElementTagNameMap {
    'curvechat-math': CurvechatMath;
  }
}

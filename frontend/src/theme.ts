import type { ThemeConfig } from 'antd';

// Windows first (Yu Gothic UI, Meiryo), then the fonts Linux and macOS have.
const fontFamily = '"Yu Gothic UI", "Meiryo UI", Meiryo, "Hiragino Sans", "IPAPGothic", "IPAexGothic", "IPAGothic", "Noto Sans CJK JP", sans-serif';

/** The brand colour: buttons, the selected menu item, headings' marks. */
export const brand = '#7a1f1f';

/**
 * Focus is blue, never the brand's dark red: a red ring round the field
 * being typed in reads as a validation error (errors are antd's red,
 * #ff4d4f). global.css gives keyboard focus (focus-visible) the same blue.
 */
export const focus = '#1f5fbf';
export const focusRing = 'rgba(31, 95, 191, 0.22)';

const field = { activeBorderColor: focus, hoverBorderColor: '#6b8fcf', activeShadow: `0 0 0 2px ${focusRing}` };

export const theme: ThemeConfig = {
  token: { colorPrimary: brand, fontFamily, controlOutline: focusRing },
  components: {
    Input: field,
    InputNumber: field,
    DatePicker: field,
    Mentions: field,
    Select: { activeBorderColor: focus, hoverBorderColor: '#6b8fcf', activeOutlineColor: focusRing },
  },
};

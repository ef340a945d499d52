/**
 * The Teams app icons, drawn in code so the package needs no image files or tools: a shield, white on the
 * accent colour (192x192 colour icon) and a white shield outline on transparent (32x32 outline icon).
 */
import { encodePng } from "./png.ts";

/** The accent colour of the app, also the colour icon's background. */
export const ACCENT_COLOR = "#1F5F8B";

/** Each pixel is sampled on a grid this many times a side, so edges are smooth. */
const SUPERSAMPLING = 4;

interface ShieldShape {
  halfWidth: number;
  top: number;
  /** Where the straight sides end and the curve down to the point begins. */
  shoulder: number;
  bottom: number;
}

const SHIELD: ShieldShape = { halfWidth: 0.3, top: 0.12, shoulder: 0.5, bottom: 0.9 };

/** The same shield moved in by `inset` on every side, for the outline's hole. */
function inset(shape: ShieldShape, by: number): ShieldShape {
  return {
    halfWidth: shape.halfWidth - by,
    top: shape.top + by,
    shoulder: shape.shoulder,
    bottom: shape.bottom - by * 1.8,
  };
}

/** Whether the point (u, v), both 0..1 from the top left, is inside the shield. */
function insideShield(shape: ShieldShape, u: number, v: number): boolean {
  if (v < shape.top || v > shape.bottom) return false;
  const dx = Math.abs(u - 0.5);
  if (v <= shape.shoulder) return dx <= shape.halfWidth;
  const t = (v - shape.shoulder) / (shape.bottom - shape.shoulder);
  return dx <= shape.halfWidth * Math.sqrt(1 - t * t);
}

/** The share (0..1) of a pixel's area the shape covers. */
function coverage(size: number, x: number, y: number, inside: (u: number, v: number) => boolean): number {
  let hits = 0;
  for (let sy = 0; sy < SUPERSAMPLING; sy++) {
    for (let sx = 0; sx < SUPERSAMPLING; sx++) {
      const u = (x + (sx + 0.5) / SUPERSAMPLING) / size;
      const v = (y + (sy + 0.5) / SUPERSAMPLING) / size;
      if (inside(u, v)) hits++;
    }
  }
  return hits / (SUPERSAMPLING * SUPERSAMPLING);
}

function hexToRgb(hex: string): [number, number, number] {
  const value = Number.parseInt(hex.slice(1), 16);
  return [(value >> 16) & 0xff, (value >> 8) & 0xff, value & 0xff];
}

/** The 192x192 colour icon: a white shield on the accent colour. */
export function colorIconPng(size = 192): Buffer {
  const [r, g, b] = hexToRgb(ACCENT_COLOR);
  const pixels = new Uint8Array(size * size * 4);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const white = coverage(size, x, y, (u, v) => insideShield(SHIELD, u, v));
      const at = (y * size + x) * 4;
      pixels[at] = Math.round(r + (255 - r) * white);
      pixels[at + 1] = Math.round(g + (255 - g) * white);
      pixels[at + 2] = Math.round(b + (255 - b) * white);
      pixels[at + 3] = 255;
    }
  }
  return encodePng(size, size, pixels);
}

/** The 32x32 outline icon: a white shield outline on a transparent background, as Teams asks. */
export function outlineIconPng(size = 32): Buffer {
  const hole = inset(SHIELD, 2.5 / size);
  const pixels = new Uint8Array(size * size * 4);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const alpha = coverage(size, x, y, (u, v) => insideShield(SHIELD, u, v) && !insideShield(hole, u, v));
      const at = (y * size + x) * 4;
      pixels[at] = 255;
      pixels[at + 1] = 255;
      pixels[at + 2] = 255;
      pixels[at + 3] = Math.round(alpha * 255);
    }
  }
  return encodePng(size, size, pixels);
}

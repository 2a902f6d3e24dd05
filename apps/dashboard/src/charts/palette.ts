/** Okabe–Ito colours: distinguishable with the common colour-vision deficiencies. */
const PALETTE = ['#0072B2', '#D55E00', '#009E73', '#CC79A7', '#E69F00', '#56B4E9', '#000000']

/** The colour of the `index`-th version or arm, the same on every chart of a page. */
export function seriesColor(index: number): string {
  return PALETTE[index % PALETTE.length] as string
}

/** The `usnat` section class, a chunk of its own: only US visitors of a site with `gpp` load it. */
export { UsNat as default } from '@iabgpp/cmpapi';

/** The `tcfeuv2` section class (the TC string inside GPP), a chunk of its own: only where TCF applies. */
export { TcfEuV2 as default } from '@iabgpp/cmpapi';

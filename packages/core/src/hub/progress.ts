export { progressLine } from '@albert-ts/hub';

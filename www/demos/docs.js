// @ts-check
// The docs demo's one script: define <vpc-map> (way 1) and turn ```vpcmap fences into diagrams
// (way 2). A published site imports the same two modules from the npm package:
//   import 'vpcmap/vpc-map'; import { startOnLoad } from 'vpcmap/fences'; startOnLoad();
import '../src/vpc-map.js';
import { startOnLoad } from '../src/fences.js';

startOnLoad();

// The surveyor home: shows the tablet's outbox and keeps sending it while the page is open.
import { start } from "./outbox.js";

start();

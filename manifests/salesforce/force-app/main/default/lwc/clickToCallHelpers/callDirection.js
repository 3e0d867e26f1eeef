import INBOUND from '@salesforce/label/c.ClickToCall_DirectionInbound';
import INTERNAL from '@salesforce/label/c.ClickToCall_DirectionInternal';
import OUTBOUND from '@salesforce/label/c.ClickToCall_DirectionOutbound';

const DIRECTIONS = { Inbound: INBOUND, Outbound: OUTBOUND, Internal: INTERNAL };

/** A Task's CallType (`Inbound`, `Outbound`, `Internal`) in the agent's words; blank when the Task has none. */
export function callDirection(callType) {
    return DIRECTIONS[callType] ?? '';
}

import BLOCKED from '@salesforce/label/c.ClickToCall_VerdictBlocked';
import DIALABLE from '@salesforce/label/c.ClickToCall_VerdictDialable';
import DO_NOT_CALL from '@salesforce/label/c.ClickToCall_VerdictDoNotCall';
import UNUSABLE from '@salesforce/label/c.ClickToCall_VerdictUnusable';

/**
 * What the connector's answer on one phone field means to an agent: whether to offer it for dialling, the verdict in
 * the agent's words, the connector's reason (the policy's or the number's problem), and the badge tone. A number is
 * offered only when the connector says it is dialable: a Do-Not-Call record or a blocked destination never is.
 */
export function numberVerdict(entry) {
    if (entry.problem) {
        return { dialable: false, text: UNUSABLE, detail: entry.problem.message ?? '', tone: 'error' };
    }
    if (entry.policy && entry.policy.allowed === false) {
        const doNotCall = entry.policy.code === 'DO_NOT_CALL';
        return {
            dialable: false,
            text: doNotCall ? DO_NOT_CALL : BLOCKED,
            detail: entry.policy.reason ?? '',
            tone: doNotCall ? 'error' : 'warning'
        };
    }
    if (entry.dialable === true) {
        return { dialable: true, text: DIALABLE, detail: '', tone: 'success' };
    }
    return { dialable: false, text: UNUSABLE, detail: '', tone: 'error' };
}

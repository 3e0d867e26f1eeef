import { LightningElement, api, wire } from 'lwc';
import { refreshApex } from '@salesforce/apex';
import recentCalls from '@salesforce/apex/ClickToCallController.recentCalls';
import { registerRefreshHandler, unregisterRefreshHandler } from 'lightning/refresh';
import { callDirection, errorMessage, formatDuration, formatLabel } from 'c/clickToCallHelpers';
import DIRECTION from '@salesforce/label/c.ClickToCall_CallDirection';
import DURATION from '@salesforce/label/c.ClickToCall_CallDuration';
import HEADING from '@salesforce/label/c.ClickToCall_CallsHeading';
import LOADING from '@salesforce/label/c.ClickToCall_CallsLoading';
import LOAD_FAILED from '@salesforce/label/c.ClickToCall_CallsError';
import NO_CALLS from '@salesforce/label/c.ClickToCall_NoCalls';
import NOTES from '@salesforce/label/c.ClickToCall_CallNotes';
import RESULT from '@salesforce/label/c.ClickToCall_CallResult';

/**
 * The record's recent call activities (Tasks the connector logged): when, direction, result, duration and notes. The
 * Apex answer is cached, so the list reloads when the page is refreshed: the softphone asks Lightning to refresh the
 * record once a call's Task exists (Open CTI `refreshView`), which reaches custom components only through a handler.
 */
export default class ClickToCallActivities extends LightningElement {
    @api recordId;
    calls;
    errorText;
    labels = {
        direction: DIRECTION,
        duration: DURATION,
        heading: HEADING,
        loading: LOADING,
        noCalls: NO_CALLS,
        notes: NOTES,
        result: RESULT
    };

    wiredResult;
    refreshHandlerId;

    connectedCallback() {
        this.refreshHandlerId = registerRefreshHandler(this, this.refreshCalls);
    }

    disconnectedCallback() {
        unregisterRefreshHandler(this.refreshHandlerId);
    }

    refreshCalls() {
        return this.wiredResult ? refreshApex(this.wiredResult) : Promise.resolve();
    }

    @wire(recentCalls, { recordId: '$recordId' })
    wiredCalls(result) {
        this.wiredResult = result;
        const { data, error } = result;
        if (data) {
            this.calls = data.map(toView);
            this.errorText = undefined;
        } else if (error) {
            this.calls = undefined;
            this.errorText = formatLabel(LOAD_FAILED, errorMessage(error));
        }
    }

    get loading() {
        return !this.calls && !this.errorText;
    }

    get hasCalls() {
        return Boolean(this.calls?.length);
    }
}

function toView(task) {
    return {
        id: task.Id,
        when: task.CreatedDate ?? task.ActivityDate,
        direction: callDirection(task.CallType),
        result: task.CallDisposition ?? '',
        duration: formatDuration(task.CallDurationInSeconds),
        notes: task.Description ?? ''
    };
}

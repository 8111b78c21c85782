package org.renfort.gateway.api.rest;

import build.buf.validate.FieldRules;
import build.buf.validate.ValidateProto;
import com.google.protobuf.Descriptors.Descriptor;
import org.junit.jupiter.api.Test;
import org.renfort.proto.plan.v1.PatientGroup;
import org.renfort.proto.plan.v1.PlanRedistributionRequest;
import org.renfort.proto.plan.v1.PlanRules;
import org.renfort.proto.audit.v1.ListAuditEventsRequest;
import org.renfort.proto.capacity.v1.BedCount;
import org.renfort.proto.capacity.v1.FindBedsRequest;
import org.renfort.proto.capacity.v1.Hospital;
import org.renfort.proto.capacity.v1.HospitalStatus;
import org.renfort.proto.capacity.v1.PublishCapacityRequest;
import org.renfort.proto.capacity.v1.RetireHospitalRequest;
import org.renfort.proto.transfer.v1.AssignCrew;
import org.renfort.proto.transfer.v1.CancelTransferRequest;
import org.renfort.proto.transfer.v1.CreateTransferRequest;
import org.renfort.proto.transfer.v1.DeclineAnswer;
import org.renfort.proto.transfer.v1.GetTransferRequest;
import org.renfort.proto.transfer.v1.ListTransfersRequest;
import org.renfort.proto.transfer.v1.TransferRequirements;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The REST limits are the contract's: each is read back from the field rules in the .proto files. */
class InputLimitsTest {

    @Test
    void stringLengthsAreTheContracts() {
        assertEquals(InputLimits.HOSPITAL_ID, rules(Hospital.getDescriptor(), "hospital_id").getString().getMaxLen());
        assertEquals(InputLimits.HOSPITAL_NAME, rules(Hospital.getDescriptor(), "name").getString().getMaxLen());
        assertEquals(InputLimits.DEPARTMENT, rules(Hospital.getDescriptor(), "department").getString().getMaxLen());
        assertEquals(InputLimits.UUID, rules(GetTransferRequest.getDescriptor(), "transfer_id").getString().getMaxLen());
        assertEquals(InputLimits.IDEMPOTENCY_KEY, rules(CreateTransferRequest.getDescriptor(), "idempotency_key").getString().getMaxLen());
        assertEquals(InputLimits.RETIREMENT_REASON, rules(RetireHospitalRequest.getDescriptor(), "reason").getString().getMaxLen());
        assertEquals(InputLimits.EMERGENCY_DEPARTMENT_REASON,
                rules(HospitalStatus.getDescriptor(), "emergency_department_reason").getString().getMaxLen());
        assertEquals(InputLimits.PATIENT_REFERENCE, rules(TransferRequirements.getDescriptor(), "patient_reference").getString().getMaxLen());
        assertEquals(InputLimits.CLINICAL_NOTE, rules(CreateTransferRequest.getDescriptor(), "clinical_note").getString().getMaxLen());
        assertEquals(InputLimits.TRANSFER_REASON, rules(CancelTransferRequest.getDescriptor(), "reason").getString().getMaxLen());
        assertEquals(InputLimits.ANSWER_TEXT, rules(DeclineAnswer.getDescriptor(), "text").getString().getMaxLen());
        assertEquals(InputLimits.CALL_SIGN, rules(AssignCrew.getDescriptor(), "call_sign").getString().getMaxLen());
        assertEquals(InputLimits.PAGE_TOKEN, rules(ListTransfersRequest.getDescriptor(), "page_token").getString().getMaxLen());
        assertEquals(InputLimits.EXTERNAL_REFERENCE, rules(CreateTransferRequest.getDescriptor(), "external_reference").getString().getMaxLen());
        assertEquals(InputLimits.AUDIT_SUBJECT, rules(ListAuditEventsRequest.getDescriptor(), "subject").getString().getMaxLen());
        assertEquals(InputLimits.AUDIT_ACTION, rules(ListAuditEventsRequest.getDescriptor(), "action").getString().getMaxLen());
    }

    @Test
    void listSizesAndNumbersAreTheContracts() {
        assertEquals(InputLimits.CAPABILITIES, rules(Hospital.getDescriptor(), "capabilities").getRepeated().getMaxItems());
        assertEquals(InputLimits.BED_COUNTS, rules(PublishCapacityRequest.getDescriptor(), "beds").getRepeated().getMaxItems());
        assertEquals(InputLimits.LISTED_HOSPITALS,
                rules(TransferRequirements.getDescriptor(), "preferred_hospital_ids").getRepeated().getMaxItems());
        assertEquals(InputLimits.HOSPITAL_ID, rules(TransferRequirements.getDescriptor(), "excluded_hospital_ids")
                .getRepeated().getItems().getString().getMaxLen());
        assertEquals(InputLimits.STATUSES, rules(ListTransfersRequest.getDescriptor(), "statuses").getRepeated().getMaxItems());
        assertEquals(InputLimits.BEDS, rules(BedCount.getDescriptor(), "staffed").getInt32().getLte());
        assertEquals(InputLimits.TRAVEL_MINUTES, rules(TransferRequirements.getDescriptor(), "max_travel_minutes").getInt32().getLte());
        assertEquals(InputLimits.BED_SEARCH_LIMIT, rules(FindBedsRequest.getDescriptor(), "limit").getInt32().getLte());
        assertEquals(InputLimits.PAGE_SIZE, rules(ListTransfersRequest.getDescriptor(), "page_size").getInt32().getLte());
        assertEquals(InputLimits.AUDIT_LIMIT, rules(ListAuditEventsRequest.getDescriptor(), "limit").getInt32().getLte());
        assertEquals(InputLimits.PLAN_GROUPS, rules(PlanRedistributionRequest.getDescriptor(), "groups").getRepeated().getMaxItems());
        assertEquals(InputLimits.GROUP_REFERENCE, rules(PatientGroup.getDescriptor(), "reference").getString().getMaxLen());
        assertEquals(InputLimits.GROUP_COUNT, rules(PatientGroup.getDescriptor(), "count").getInt32().getLte());
        assertEquals(InputLimits.GROUP_COUNT, rules(PatientGroup.getDescriptor(), "patient_references").getRepeated().getMaxItems());
        assertEquals(InputLimits.PLAN_TRAVEL_MINUTES, rules(PatientGroup.getDescriptor(), "max_travel_minutes").getInt32().getLte());
        assertEquals(InputLimits.HOSPITAL_SHARES, rules(PlanRules.getDescriptor(), "hospital_shares").getRepeated().getMaxItems());
        assertEquals(InputLimits.SUBSTITUTIONS, rules(PlanRules.getDescriptor(), "substitutions").getRepeated().getMaxItems());
    }

    private static FieldRules rules(Descriptor message, String field) {
        return message.findFieldByName(field).getOptions().getExtension(ValidateProto.field);
    }
}

-- The dispatch centre that handles a transfer's transport (DispatchCenters): the SAMU of the
-- origin hospital's department, or the requesting dispatcher's centre for a patient in the
-- field; NULL when nobody could tell (then every dispatch centre sees it once accepted).
ALTER TABLE transfer ADD COLUMN dispatch_center varchar(50);
UPDATE transfer SET dispatch_center = 'SAMU' || CASE WHEN origin_hospital_id LIKE '970%' THEN '97' || substr(origin_hospital_id, 4, 1)
                                                      ELSE substr(origin_hospital_id, 1, 2) END
WHERE origin_hospital_id IS NOT NULL;

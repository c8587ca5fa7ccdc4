"""OCPP conformance harness, in both directions.

``evharness conformance csms`` plays a charging station against any CSMS; ``evharness
conformance station`` plays the CSMS (the test system) against a charger. The plans are the
feature files in ``features/conformance/``; each scenario carries an Open Charge Alliance
test-case ID as a tag, and ``evharness conformance coverage`` counts them against the OCA
catalogues in ``conformance/catalogues/``.
"""

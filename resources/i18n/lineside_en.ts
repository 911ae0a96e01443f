<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en">
<context>
    <name>Counts</name>
    <message numerus="yes">
        <source>%n record(s)</source>
        <translation>
            <numerusform>%n record</numerusform>
            <numerusform>%n records</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>LeavingUnitWords</name>
    <message numerus="yes">
        <source>{action} and discard %n scanned part(s) of unit {unit}?</source>
        <translation>
            <numerusform>{action} and discard %n scanned part of unit {unit}?</numerusform>
            <numerusform>{action} and discard %n scanned parts of unit {unit}?</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>{action} and discard %n scanned part(s) of this unit?</source>
        <translation>
            <numerusform>{action} and discard %n scanned part of this unit?</numerusform>
            <numerusform>{action} and discard %n scanned parts of this unit?</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>OperatorStationWidget</name>
    <message numerus="yes">
        <source>%n still to scan.</source>
        <translation>
            <numerusform>%n still to scan.</numerusform>
            <numerusform>%n still to scan.</numerusform>
        </translation>
    </message>
</context>
</TS>

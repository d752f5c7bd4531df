<?xml version="1.0" encoding="UTF-8"?>
<!-- Steppe Assurance's IssuePolicyResponse payload as the hub's policy (JSON) -->
<xsl:stylesheet version="3.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
                xmlns:m="urn:kz:insurance:medical:v1">
    <xsl:output method="json"/>
    <xsl:template match="/">
        <xsl:variable name="r" select="//m:IssuePolicyResponse"/>
        <xsl:sequence select="map {
            'policyNumber': string($r/m:policyNumber),
            'reference': string($r/m:reference),
            'premium': number($r/m:premium),
            'currency': string($r/m:currency),
            'coverFrom': string($r/m:coverFrom),
            'coverUntil': string($r/m:coverUntil) }"/>
    </xsl:template>
</xsl:stylesheet>

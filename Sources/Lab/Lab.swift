enum LabModule {}
